"""Flask extensions, created unbound and initialised in the app factory."""

from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

babel = Babel()
compress = Compress()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please log in to see that page.")
login_manager.login_message_category = "info"
login_manager.session_protection = None  # sessions are server-side and rotated at log-in
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
