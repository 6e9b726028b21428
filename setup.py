"""Builds the C++ module retrace._retrace through CMake (the project's CMakeLists.txt with
-DRETRACE_PYTHON=ON): the public API and the static core linked into one extension that needs
no shared library at run time. Metadata is in pyproject.toml.

The CMake build folder is build/ (the one scripts/build.sh uses, so nothing is compiled twice),
or $RETRACE_BUILD_DIR; $RETRACE_JOBS sets the parallel jobs (default 2).
"""

import importlib.machinery
import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = os.path.abspath(os.environ.get("RETRACE_BUILD_DIR") or os.path.join(ROOT, "build"))
        jobs = os.environ.get("RETRACE_JOBS", "2")
        configure = ["cmake", "-S", ROOT, "-B", build_dir, "-DRETRACE_PYTHON=ON"]
        if not os.path.exists(os.path.join(build_dir, "CMakeCache.txt")):
            configure += ["-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release", "-DRETRACE_TESTS=OFF"]
        subprocess.check_call(configure)
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "_retrace", "-j", jobs])
        suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
        built = os.path.join(build_dir, "_retrace" + suffix)
        if not os.path.exists(built):
            found = [f for f in os.listdir(build_dir) if f.startswith("_retrace.")]
            sys.exit(f"retrace: {built} was not built (found {found}): CMake found another Python than "
                     f"{sys.executable}; set RETRACE_BUILD_DIR to a fresh folder")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built, target)


setup(
    ext_modules=[Extension("retrace._retrace", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": os.path.join("build", "setuptools")}},
)
