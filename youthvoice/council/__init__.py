"""The youth council: proposals, support, comments, votes, follow-through and the public page."""
