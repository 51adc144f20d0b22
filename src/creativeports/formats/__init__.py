"""Date and time formats where Django's own do not suit the region (FORMAT_MODULE_PATH)."""
