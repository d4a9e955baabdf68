"""The list view of one board cell: drags and drops cards, one delegate paints them."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from ipmp_desktop.qt.views.board.card_delegate import CardDelegate
from ipmp_desktop.qt.views.board.card_models import CardCellModel

COLUMN_WIDTH = 270


class DraggableCardList(QListView):
    """A list of cards painted by one delegate that drags and drops several at once (the board's
    cells and the roadmap's Now / Next / Later cells)."""

    def __init__(
        self,
        model,
        delegate,
        parent: QWidget | None = None,
        *,
        scroll_mode: QAbstractItemView.ScrollMode | None = None,
    ) -> None:
        super().__init__(parent)
        self.setItemDelegate(delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if scroll_mode is not None:
            # before the model: changing the mode with rows present lays every row out at once
            self.setVerticalScrollMode(scroll_mode)
        self.setModel(model)


class CardListView(DraggableCardList):
    """The cards of one cell; drags and drops cards, keyboard moves go to the board."""

    def __init__(
        self, model: CardCellModel, delegate: CardDelegate, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            model, delegate, parent, scroll_mode=QAbstractItemView.ScrollMode.ScrollPerPixel
        )
        self.setObjectName(f"cards-{model.lane_key}-{model.column_id}")
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSpacing(0)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setMinimumWidth(COLUMN_WIDTH - 20)

    def cell_model(self) -> CardCellModel:
        """The model of this cell."""
        return self.model()  # type: ignore[return-value]

    def selected_ids(self) -> list[int]:
        """Selected card ids in display order."""
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        ids = self.cell_model().ids
        return [ids[r] for r in rows if r < len(ids)]
