"""Sample of TheRock's `rocm_sdk` package: the `rocm-sdk` command and its tests."""
