from django.urls import path

from aicontent import views

app_name = "aicontent"
urlpatterns = [
    path("", views.JobListView.as_view(), name="jobs"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job"),
    path("jobs/<int:pk>/status/", views.JobStatusView.as_view(), name="job_status"),
    path("jobs/<int:pk>/cancel/", views.JobCancelView.as_view(), name="job_cancel"),
    path("jobs/<int:pk>/retry/", views.JobRetryView.as_view(), name="job_retry"),
    path("product/<int:pk>/", views.StartProductJobView.as_view(), name="product"),
    path("missing/", views.MissingTextJobView.as_view(), name="missing"),
]
