from django.contrib import admin

from kaizen.network.models import Network


# Installation admins create networks and name their members and coordinators here.
@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin[Network]):
    list_display = ["name"]
    filter_horizontal = ["organisations", "coordinators"]
