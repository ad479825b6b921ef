import sys

from pad_desktop.cli import main

sys.exit(main())
