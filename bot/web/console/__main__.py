"""Manage adviser accounts: `python -m bot.web.console users add|list|remove|passwd`."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.config.db import get_engine
from bot.web.console import accounts


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Wachtwoord: ")
    if first != getpass.getpass("Nog een keer: "):
        raise ValueError("the passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.web.console", description=__doc__)
    users = parser.add_subparsers(dest="group", required=True).add_parser("users")
    commands = users.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an adviser or admin")
    add.add_argument("username")
    add.add_argument("--role", choices=accounts.ROLES, default="adviser")
    add.add_argument("--regions", default="", help="comma-separated regions, e.g. 'Twente,Zeeland'")
    add.add_argument("--municipalities", default="",
                     help="editors: comma-separated municipality ids, e.g. 'zwolle,kampen'")  # fmt: skip
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    commands.add_parser("list", help="list accounts")
    remove = commands.add_parser("remove", help="delete an account and its sessions")
    remove.add_argument("username")
    passwd = commands.add_parser("passwd", help="set a new password (ends all sessions)")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")
    args = parser.parse_args(argv)
    engine = get_engine()
    try:
        if args.command == "add":
            regions = [r.strip() for r in args.regions.split(",") if r.strip()]
            regions += [f"{accounts.MUNICIPALITY_PREFIX}{m.strip()}"
                        for m in args.municipalities.split(",") if m.strip()]  # fmt: skip
            accounts.add_adviser(engine, args.username, _password(args), args.role, regions)
            if args.role in ("adviser", "editor"):
                scope = ", ".join(regions) or "no region yet: sees nothing until given one"
            else:
                scope = "all regions" if args.role == "admin" else "insights only"
            print(f"added {args.username} ({args.role}): {scope}")
        elif args.command == "list":
            for adviser in accounts.list_advisers(engine):
                print(f"{adviser.username}\t{adviser.role}\t{', '.join(adviser.regions) or '*'}")
        elif args.command == "remove":
            if not accounts.remove_adviser(engine, args.username):
                raise ValueError(f"no adviser {args.username!r}")
            print(f"removed {args.username}")
        else:
            accounts.set_password(engine, args.username, _password(args))
            print(f"password changed for {args.username}")
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
