"""Create a virtualenv with pip, even on a Debian python3 without the python3-venv package.

`python -m venv` needs ensurepip, which Debian ships separately; when it is missing we make
the venv without pip and install pip from PyPI's own wheel.
"""

import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path


def main(target: str) -> None:
    venv = Path(target)
    python = venv / "bin" / "python"
    if python.exists() and subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode == 0:
        return
    if subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True).returncode == 0:
        return
    subprocess.run([sys.executable, "-m", "venv", "--clear", "--without-pip", str(venv)], check=True)
    with urllib.request.urlopen("https://pypi.org/pypi/pip/json", timeout=60) as response:
        release = json.load(response)
    wheel = next(u for u in release["urls"] if u["filename"].endswith(".whl"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        urllib.request.urlretrieve(wheel["url"], path)
        subprocess.run([python, f"{path}/pip", "install", "--quiet", str(path)], check=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".venv")
