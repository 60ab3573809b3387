"""Run the app with ``python -m softphone``."""

from softphone.app import main

raise SystemExit(main())
