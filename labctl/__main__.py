"""`labctl` and `python -m labctl`: a Ctrl-C while Python is still importing is one line too."""

import sys


def main() -> None:
    try:
        from labctl.cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("labctl: interrupted\n")
        sys.exit(2)
    cli_main()


if __name__ == "__main__":
    main()
