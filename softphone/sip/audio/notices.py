"""What the sound side tells the counselor: English templates marked for translation (context "Audio"), translated by the desk."""

from __future__ import annotations

Notice = tuple[str, tuple[str, ...]]     # (English template, arguments): see AudioStatus


def N_(text: str) -> str:
    """Marks a text for translation (context "Audio"); the desk translates it when shown."""
    return text


def label(role: str) -> str:
    if role == "input":
        return N_("Microphone")
    if role == "output":
        return N_("Headset")
    return N_("Ring device")


def no_device(role: str) -> Notice:
    """What the counselor reads when a role has no device at all."""
    if role == "input":
        return (N_("No microphone found: calls connect, but the caller hears silence. "
                   "Plug in a headset and choose it in Settings > Audio."), ())
    if role == "output":
        return (N_("No speaker or headset found: calls connect, but you hear nothing. "
                   "Plug in a headset and choose it in Settings > Audio."), ())
    return (N_("No ring device found: incoming calls are shown on screen only."), ())
