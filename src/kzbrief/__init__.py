"""kzbrief: monthly bilingual briefings on Kazakhstan's defence partnerships, from cited sources."""

__version__ = "0.1.0"


def load_project(root="."):
    """Load and validate the content tree under ``root`` (raises ContentError)."""
    from .content import load_project as _load

    return _load(root)


def build(root=".", periods=None, langs=None, formats=None, out=None, force=False):
    """Build the stale outputs of the given editions; returns the build report."""
    from .build import BuildRequest, run_build

    return run_build(BuildRequest(root=root, periods=periods, langs=langs, formats=formats, out=out, force=force))


__all__ = ["__version__", "load_project", "build"]
