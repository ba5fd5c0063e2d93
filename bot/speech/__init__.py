"""Voice notes: speech to text (transcribe), fetching the audio from the channel that received
it (download), and what the assistant replies to a voice note (voice_notes)."""
