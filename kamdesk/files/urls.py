from django.urls import path

from kamdesk.files import views

app_name = "files"
urlpatterns = [path("<uuid:file_id>/", views.file_download, name="download")]
