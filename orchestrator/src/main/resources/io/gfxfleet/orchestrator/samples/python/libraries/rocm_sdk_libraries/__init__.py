"""Arch-neutral part of rocm-sdk-libraries-<family>; the libraries live in _rocm_sdk_libraries_<family>."""
