"""`python -m telephony_core` is the `telephony` command."""

from telephony_core.cli import main

if __name__ == "__main__":
    main()
