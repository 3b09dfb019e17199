from django import forms

from programs.models import ApiToken


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": "Name"}
        help_texts = {"name": "Which system will use it, so you know which one to revoke later."}
        error_messages = {"name": {"required": "Please give the token a name."}}
