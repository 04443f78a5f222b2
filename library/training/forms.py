"""The form of a member's training course (DOMAIN §14). It checks each field; the rules across
fields and against her record (her date of birth, a course ending before it starts, a certificate
before the course ends, dates in the future) are the write service's (`library.training.services`),
whose errors the view puts back next to the field."""

from django.utils.translation import gettext_lazy as _

from core.forms import ServiceModelForm
from library.models import TrainingCourse


class CourseForm(ServiceModelForm):
    """Record or correct one course."""

    class Meta:
        model = TrainingCourse
        fields = [
            "kind",
            "name",
            "institution",
            "start_date",
            "end_date",
            "certificate_number",
            "certificate_date",
        ]
        help_texts = {
            "name": _("For example: Lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới."),
            "institution": _(
                "For example: Trung tâm Chính trị huyện Krông Bông, Trường Chính trị tỉnh Đắk Lắk."
            ),
            "end_date": _("Leave it empty while the course is in progress."),
            "certificate_date": _("The date on the certificate, once it is issued."),
        }
