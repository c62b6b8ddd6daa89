"""Progress bars for the build's long stages: tqdm, on a terminal only and only after a second."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


class ProgressBars:
    """Hands the build one bar per stage (``start``), and closes them all (``close``)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bars: list[Any] = []

    def start(self, stage: str, total: int) -> Callable[[int], None]:
        if not self.enabled:
            return lambda _n: None
        from tqdm import tqdm  # only on a terminal
        bar = tqdm(total=total, desc=stage, delay=1.0, leave=False, file=sys.stderr,
                   dynamic_ncols=True)
        self.bars.append(bar)

        def advance(done: int) -> None:
            bar.update(done)
        return advance

    def close(self) -> None:
        for bar in self.bars:
            bar.close()
        self.bars.clear()
