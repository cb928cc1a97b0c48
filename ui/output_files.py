"""Files a command or the window writes: checked before anything is computed, never another
file replaced without a word."""

from pathlib import Path


def figure_path(handout: Path) -> Path:
    """The handout's picture: FILE-network.png beside FILE.md. OSError when another file has
    that name (one a handout of this name did not write)."""
    picture = handout.with_name(f"{handout.stem}-network.png")
    ours = handout.is_file() and f"]({picture.name})" in handout.read_text(encoding="utf-8")
    if picture.exists() and not ours:
        raise OSError(
            f"{picture} already exists and is not this handout's picture; move it or choose "
            "another name for the handout."
        )
    return picture


def check_writable(path) -> None:
    """OSError in one sentence when a file cannot be made at `path`: it is a folder, its folder
    does not exist, or the folder or file refuses writing. An existing file is left as it was."""
    path = Path(path)
    if path.is_dir():
        raise OSError(f"{path}: cannot write there, it is a folder.")
    if not path.parent.is_dir():
        raise OSError(f"{path}: cannot write there, the folder {path.parent} does not exist.")
    existed = path.exists()
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as error:
        raise OSError(f"{path}: cannot write there ({error.strerror or error}).") from None
    if not existed:
        path.unlink()
