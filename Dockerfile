# CRM PME on the official Odoo 18.0 Community image (Ubuntu noble, Python 3.12,
# Odoo installed from its .deb). Build and run it with docker-compose.yml.
FROM odoo:18.0

USER root

# Python dependencies: the OCA 18.0 add-ons (wheels, which land in
# /usr/local/lib/python3.12/dist-packages/odoo/addons) and libraries.
# The system Python is "externally managed", hence --break-system-packages.
COPY requirements.txt /tmp/crm-pme-requirements.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/crm-pme-requirements.txt \
    && rm /tmp/crm-pme-requirements.txt

# The CRM PME add-ons and the Odoo configuration (see config/odoo.conf).
COPY --chown=odoo:odoo addons/ /mnt/extra-addons/
COPY --chown=odoo:odoo config/odoo.conf /etc/odoo/odoo.conf

# The start command of docker-compose.yml (scripts/start_odoo.py): installs
# the add-ons only on a database that lacks them, upgrades them only with
# CRM_PME_UPDATE=1, then hands over to the image's /entrypoint.sh.
COPY scripts/start_odoo.py /usr/local/bin/crm-pme-start
RUN chmod 755 /usr/local/bin/crm-pme-start

USER odoo
