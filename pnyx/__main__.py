import sys

from pnyx.cli import main

sys.exit(main())
