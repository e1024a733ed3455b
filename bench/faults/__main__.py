from __future__ import annotations

import sys

from bench.faults.drills import main

sys.exit(main())
