class TicketError(Exception):
    """An action that the ticket's state or the agent's rights do not allow."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message
