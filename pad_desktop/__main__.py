import sys

from pad_desktop.cli import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # elsewhere it does nothing: not worth its import
        import multiprocessing

        # In the frozen app, `serve --workers N` starts worker processes by re-running this
        # binary.
        multiprocessing.freeze_support()
    sys.exit(main())
