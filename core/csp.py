"""The Content Security Policy header (django-csp), with its one exception: Django's admin."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware: `settings.CONTENT_SECURITY_POLICY` on every answer, and on the
    pages of Django's admin (URL namespace "admin") `settings.CONTENT_SECURITY_POLICY_ADMIN`
    added to it — as django-csp's `csp_update` decorator would add it to a view's answer.

    The admin is a superuser's tool that renders third-party templates (Django's, and
    django-simple-history's history list, which sets a `style=""` attribute): it may use style
    attributes, nothing more. Our own pages keep the strict policy.
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        match = getattr(request, "resolver_match", None)
        if not report_only and parts.update is None and match and "admin" in match.namespaces:
            parts.update = settings.CONTENT_SECURITY_POLICY_ADMIN
        return parts
