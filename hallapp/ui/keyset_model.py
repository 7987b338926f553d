"""A table over a query too long to read at once: pages fetched on demand by keyset.

The register (a million cases) and the deadline monitor share this behaviour:

- a new query ("state": the search, or the day and the filter) reads its first page, or
  as many items as are held, for a refresh that keeps the place; the rows on screen
  stay until the answer arrives, then the model resets;
- ``canFetchMore``/``fetchMore`` read the next page after the last item's key;
- every read goes through the executor (the worker thread); an answer for an older query
  than the latest is dropped, so a slow page never overwrites a newer search.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from hallapp.ui.operations import Executor

Index = QModelIndex | QPersistentModelIndex
Item = TypeVar("Item")
State = TypeVar("State")


class KeysetTableModel(QAbstractTableModel, Generic[State, Item]):
    HEADERS: tuple[str, ...] = ()

    loaded = Signal()  # the items changed: a new query, a refresh or one more page
    failed = Signal(object)  # an exception from the services

    def __init__(self, executor: Executor, page_size: int, *, start_at_end: bool) -> None:
        super().__init__()
        self._executor = executor
        self.page_size = page_size
        self._items: list[Item] = []
        self._at_end = start_at_end
        self._busy = False  # a page is on its way
        self._generation = 0  # bumps on each new query; older answers are dropped

    # what each table says ---------------------------------------------------------------
    def _page(self, state: State, after: Any, limit: int) -> list[Item]:
        """Read up to ``limit`` items of ``state`` after the key ``after`` (None: from the
        start). Runs on the worker thread: use only its arguments."""
        raise NotImplementedError

    def _key(self, item: Item) -> Any:
        raise NotImplementedError

    def _state(self) -> State | None:
        """The query the items on screen answer; None before the first one."""
        raise NotImplementedError

    def _set_state(self, state: State) -> None:
        raise NotImplementedError

    # loading ----------------------------------------------------------------------------
    def _start(self, state: State, keep: int = 0) -> None:
        self._generation += 1
        generation = self._generation
        self._busy = True
        limit = max(self.page_size, keep)
        self._executor.submit(
            lambda: self._page(state, None, limit),
            lambda items: self._reset_to(generation, state, items, limit),
            lambda exc: self._failed(generation, exc),
        )

    def _reset_to(self, generation: int, state: State, items: list[Item], limit: int) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._set_state(state)
        self._items = list(items)
        self._at_end = len(items) < limit
        self.endResetModel()
        self._busy = False
        self.loaded.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._busy = False
            self.failed.emit(exc)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and self._state() is not None
            and not self._at_end
            and not self._busy
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        state = self._state()
        if not self.canFetchMore(parent) or state is None:
            return
        self._busy = True
        generation = self._generation
        after = self._key(self._items[-1]) if self._items else None
        self._executor.submit(
            lambda: self._page(state, after, self.page_size),
            lambda items: self._append(generation, items),
            lambda exc: self._failed(generation, exc),
        )

    def _append(self, generation: int, items: list[Item]) -> None:
        if generation != self._generation:
            return
        self._at_end = len(items) < self.page_size
        if items:
            # Still busy while the views hear of the rows: one that asks for more now
            # must not fetch the same page again.
            first = len(self._items)
            self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
            self._items.extend(items)
            self.endInsertRows()
        self._busy = False
        self.loaded.emit()

    @property
    def at_end(self) -> bool:
        """Every matching item is in the model."""
        return self._at_end

    @property
    def loading(self) -> bool:
        return self._busy

    # the table --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
