from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def permission_required(perm, get_object=None):
    """Anonymous users go to the login page; signed-in users without the right get 403.

    ``get_object(request, **kwargs)`` returns the object the permission is about (views that
    need it again find it on ``request.permission_object``).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, **kwargs) if get_object else None
            if not request.user.has_perm(perm, obj):
                raise PermissionDenied
            request.permission_object = obj
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


coordinator_required = permission_required("conference.manage")
