"""Sound for calls: the pjsua2 <-> sounddevice bridge, device choice, ringing and mic test.

``AudioBridge`` is the ``MediaSink`` the engine drives; ``devices`` lists and resolves sound
devices by name; ``MicTest`` serves the settings dialog; ``DriftRing`` is the pure-numpy ring.
"""

from softphone.sip.audio.ring import DriftRing

__all__ = ["AudioBridge", "DriftRing", "MicTest", "devices"]


def __getattr__(name):  # import lazily: sounddevice scans devices and pjsua2 is heavy
    if name == "AudioBridge":
        from softphone.sip.audio.bridge import AudioBridge
        return AudioBridge
    if name == "MicTest":
        from softphone.sip.audio.mictest import MicTest
        return MicTest
    if name == "devices":
        import importlib
        return importlib.import_module("softphone.sip.audio.devices")
    raise AttributeError(name)
