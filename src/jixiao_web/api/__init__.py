"""The JSON API (django-ninja): the same services and permission policy as the pages."""
