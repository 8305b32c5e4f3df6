"""Platform package of rocm-sdk-core: holds lib/ (the sample's shared libraries)."""
