def award_section(request, award):
    return None
