"""A tiny dependency of rocm-sdk-core that lives in the deps-only index."""

__version__ = "1.0.0"


def describe():
    return f"sample-runtime-dep {__version__}"
