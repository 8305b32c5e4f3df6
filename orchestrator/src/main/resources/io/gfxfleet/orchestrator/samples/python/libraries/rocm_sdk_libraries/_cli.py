"""Console script of the sample rocm-sdk-libraries: a stand-in for hipblaslt-bench."""
import rocm_sdk_libraries


def hipblaslt_bench():
    print(f"hipBLASLt bench {rocm_sdk_libraries.__version__} (gfxfleet sample)")
