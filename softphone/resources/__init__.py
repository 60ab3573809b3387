"""Package data, read with importlib.resources: translations, generated sounds, settings template.

``i18n/softphone_<lang>.ts`` are the translation sources and ``settings-template.ini`` documents
every setting (both in git). ``i18n/*.qm`` and ``sounds/*.wav`` are built into this folder by
``python -m softphone.resources_build`` (``scripts/dev.sh install``, ``build_installer.py``) and
ship in a wheel built after it. Code finds them with ``files("softphone.resources") / ...``.
"""
