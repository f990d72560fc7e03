from django.conf import settings


def institution(request):
    inst = getattr(request, "institution", None)
    quick_exit = (inst.quick_exit_url if inst else "") or settings.QUICK_EXIT_URL
    return {"institution": inst, "quick_exit_url": quick_exit}
