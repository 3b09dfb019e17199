from django.urls import reverse

URL = reverse("condition_list")


def test_it_lists_conditions(client, alice, plantar_fasciitis):
    client.force_login(alice)
    content = client.get(URL).content.decode()
    assert "Plantar fasciitis" in content
    assert "Heel pain from an irritated plantar fascia." in content
    assert reverse("condition_detail", args=["plantar-fasciitis"]) in content
