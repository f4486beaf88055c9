"""My voice in my meetings: before, during and after, the decisions, the receipt, the conversation."""
