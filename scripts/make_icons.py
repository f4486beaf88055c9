"""Render the app icons (plain and maskable, 192 and 512 px) from the logo with Chromium. Run once; commit."""
from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BUBBLE = '<path d="M6 4h20a4 4 0 0 1 4 4v12a4 4 0 0 1-4 4H14l-6.5 5.2c-.7.5-1.5 0-1.5-.8V24a4 4 0 0 1-4-4V8a4 4 0 0 1 4-4z" fill="{fill}"/><circle fill="{dot}" cx="11" cy="14" r="2"/><circle fill="{dot}" cx="16" cy="14" r="2"/><circle fill="{dot}" cx="21" cy="14" r="2"/>'
def svg(size, maskable):
    if maskable:  # full-bleed background; the logo inside the 80 % safe zone
        inner = BUBBLE.format(fill="#ffffff", dot="#17655c")
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 32 32"><rect width="32" height="32" fill="#17655c"/><g transform="translate(7.2 7.6) scale(0.55)">{inner}</g></svg>'
    inner = BUBBLE.format(fill="#17655c", dot="#ffffff")
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#ffffff"/><g transform="translate(2.4 2.6) scale(0.85)">{inner}</g></svg>'
with sync_playwright() as pw:
    b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    for size in (192, 512):
        for maskable in (False, True):
            page = b.new_page(viewport={"width": size, "height": size})
            page.set_content(f'<html><body style="margin:0;background:transparent">{svg(size, maskable)}</body></html>')
            name = f"static/icons/{'maskable' if maskable else 'icon'}-{size}.png"
            page.screenshot(path=name, omit_background=True, clip={"x": 0, "y": 0, "width": size, "height": size})
            print(name)
    b.close()
