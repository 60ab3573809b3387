"""What the app needs from the computer: settings, credentials (keyring), network checks, the task runner."""
