"""Where the command may write: inside the project (the folder that holds conf.py), and
never through a symbolic link that leads out of it.

A project's files come from many people: a planted link (``planted.md -> ~/.bashrc``, a
folder ``sessions -> /etc``) must not carry a write out of it. Every file the command
writes goes through :func:`create_file` (``new``, ``import``) or :func:`real_file` (the bib
that ``add`` appends to).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .errors import UsageError

_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
#: Whether folders can be walked one by one, each opened without following a link.
_WALK_BY_FOLDER = os.open in os.supports_dir_fd and bool(_NO_FOLLOW)


def _lexical(path: Path) -> Path:
    """*path* absolute and with ``..`` taken away as written, no link followed."""
    return Path(os.path.normpath(path.absolute()))


def _outside(path: Path, real: Path, project: Path) -> UsageError:
    leads = f" (it leads to {real})" if _lexical(path) != real else ""
    return UsageError(f"{path} is outside the project {project.resolve()}{leads}; write "
                      "inside the folder that holds conf.py")


def folder_inside_project(folder: Path, project: Path) -> Path:
    """Where *folder* really is (every symbolic link resolved, dangling ones too), if that
    is inside *project*."""
    real = folder.resolve()
    if not real.is_relative_to(project.resolve()):
        raise _outside(folder, real, project)
    return real


def new_file_inside_project(path: Path, project: Path) -> Path:
    """Where the new file *path* would really be (its folders' links resolved), if that is
    inside *project* and nothing, not even a dangling link, has its name already."""
    if path.name in ("", "..") or not path.name.strip():
        raise UsageError(f"{path} is not a file name")
    if os.path.lexists(path):
        kind = " (a symbolic link)" if path.is_symlink() else ""
        raise UsageError(f"{path} exists{kind}; not overwritten (choose another name)")
    real = path.absolute().parent.resolve() / path.name
    if not real.is_relative_to(project.resolve()):
        raise _outside(path, real, project)
    return real


def create_file(path: Path, text: str, project: Path) -> None:
    """Write *text* to the new file *path* inside *project*, making its folders; an existing
    file (or link, even a dangling one) is never overwritten, and no link is followed while
    the folders and the file are made."""
    real = new_file_inside_project(path, project)
    data = text.encode("utf-8")
    try:
        if _WALK_BY_FOLDER:
            _create_below(project.resolve(), real.relative_to(project.resolve()).parts, data)
        else:  # no O_NOFOLLOW or dir_fd (Windows): the resolved path, made exclusively
            real.parent.mkdir(parents=True, exist_ok=True)
            with real.open("xb") as handle:
                handle.write(data)
    except FileExistsError:
        raise UsageError(f"{path} exists; not overwritten (choose another name)") from None
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror} (a folder on the way is "
                         "not a folder, or a link appeared there)") from None


def _create_below(root: Path, parts: tuple[str, ...], data: bytes) -> None:
    """Make the folders *parts[:-1]* below *root* and the new file *parts[-1]*, each opened
    relative to the one above without following a link (O_NOFOLLOW)."""
    folder = os.open(root, os.O_RDONLY | _DIRECTORY)
    try:
        for name in parts[:-1]:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, dir_fd=folder)
            below = os.open(name, os.O_RDONLY | _DIRECTORY | _NO_FOLLOW, dir_fd=folder)
            os.close(folder)
            folder = below
        handle = os.open(parts[-1], os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW,
                         0o666, dir_fd=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    finally:
        os.close(folder)


def real_file(path: Path, project: Path) -> Path:
    """The file to change for *path*, which conf.py or the user named (so it may lie outside
    the project), with every link resolved: a link may lead to a file inside *project*,
    not out of it."""
    real = path.absolute().resolve()
    if real != _lexical(path) and not real.is_relative_to(project.resolve()):
        raise UsageError(f"{path} leads by a symbolic link to {real}, outside the project "
                         f"{project.resolve()}; nothing was written (give --bib the real "
                         "file if it is yours)")
    return real
