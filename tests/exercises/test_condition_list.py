from django.urls import reverse

URL = reverse("condition_list")


def test_it_lists_conditions(client, alice, plantar_fasciitis):
    client.force_login(alice)
    content = client.get(URL).content.decode()
    assert "Plantar fasciitis" in content
    assert "Heel pain from an irritated plantar fascia." in content
    assert reverse("condition_detail", args=["plantar-fasciitis"]) in content


def test_it_is_forbidden_to_patients(client, bob):
    client.force_login(bob)
    assert client.get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    assert client.get(URL).url.startswith(reverse("login"))


def test_it_rejects_post(client, alice):
    client.force_login(alice)
    assert client.post(URL).status_code == 405
