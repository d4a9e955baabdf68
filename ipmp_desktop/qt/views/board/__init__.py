"""The Kanban board: columns x swimlanes of cards, filters, drag and drop."""
