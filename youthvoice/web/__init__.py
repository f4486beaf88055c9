"""The page frame: templates, translations, template globals and kept fragments."""
