"""The screens: PySide6 widgets that render the desk's views and emit intents, plus desktop integration (tray, theme, language)."""
