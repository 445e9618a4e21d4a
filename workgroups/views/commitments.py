from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from conference.decorators import permission_required
from workgroups import services
from workgroups.forms import CommitmentForm, CommitmentReviewForm
from workgroups.models import Workgroup
from workgroups.views._helpers import get_commitment


@permission_required("workgroups.record_any_commitment")
def commitment_create(request):
    initial = {}
    workgroup = Workgroup.objects.filter(slug=request.GET.get("werkgroep", "")).first()
    if workgroup:
        initial["workgroup"] = workgroup
    form = CommitmentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.record_commitment(recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The commitment has been recorded."))
            target = commitment.workgroup or commitment.organisation
            return redirect(target)
    return render(request, "workgroups/commitment_form.html", {"form": form})


@permission_required("workgroups.review_commitment", get_object=get_commitment)
def commitment_review(request, pk):
    commitment = request.permission_object
    form = CommitmentReviewForm(
        request.POST or None, initial={"status": commitment.status, "note": commitment.review_note}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_commitment(commitment=commitment, reviewed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The commitment has been reviewed."))
            return redirect(commitment.workgroup or reverse("workgroups:dashboard"))
    return render(request, "workgroups/commitment_review.html", {"form": form, "commitment": commitment})
