from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as stride_urlpatterns


def baseline(request):
    """The least a signed-in page does: middleware, session and user lookup, a tiny reply."""
    return HttpResponse("ok" if request.user.is_authenticated else "anonymous")


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline"), *stride_urlpatterns]
