from django.contrib import admin

from kaizen.network.models import Network


# Networks are run in Kaizen's own pages (kaizen/network/network_views.py); this stays for
# repairs by an installation admin.
@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin[Network]):
    list_display = ["name", "kind"]
    filter_horizontal = ["organisations", "coordinators"]
