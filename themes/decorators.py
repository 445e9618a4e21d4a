from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def open_permission_required(perm, get_object=None):
    """Like ``conference.decorators.permission_required``, but visitors who have the right get in too.

    For pages that become public at some point (published results, the recurring-themes page):
    the permission is asked first, for everyone; without it, visitors go to the login page and
    signed-in users get 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            obj = get_object(request, **kwargs) if get_object else None
            if not request.user.has_perm(perm, obj):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            request.permission_object = obj
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
