"""The young person's words: sealed with their own key, guarded, and every view of them logged."""
