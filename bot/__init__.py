"""Leerloket: plain, typed building blocks behind the Rasa assistant."""
