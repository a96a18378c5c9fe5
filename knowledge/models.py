"""SQLAlchemy models of the knowledge store (SQLAlchemy 1.4, 2.0-style API).

Every fact table carries ``source`` (URL or document) and ``peildatum`` (the date
the fact was known to be true), and ``confirmed`` for facts the sources could not
confirm: the bot words those carefully ("check dit bij de opleiding").
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class SourcedMixin:
    """Provenance columns shared by every fact table."""

    source = Column(String(500), nullable=False)
    peildatum = Column(Date, nullable=False)
    confirmed = Column(Boolean, nullable=False, default=True)


# -- vocabulary ---------------------------------------------------------------------------


class EducationLevel(Base):
    """A kind of prior education (vooropleiding) the intake can recognise."""

    __tablename__ = "education_levels"

    id = Column(String(40), primary_key=True)
    name = Column(String(100), nullable=False)
    rank = Column(Integer, nullable=False)  # higher = further along; used for ordering only
    synonyms = Column(Text, nullable=False, default="")  # '; '-separated


class Sector(Base):
    """A school sector the visitor can aim for (po, vo, mbo)."""

    __tablename__ = "sectors"

    id = Column(String(10), primary_key=True)
    name = Column(String(100), nullable=False)
    synonyms = Column(Text, nullable=False, default="")


class Subject(Base):
    """A school subject (schoolvak) with the words people use for it."""

    __tablename__ = "subjects"

    id = Column(String(40), primary_key=True)
    name = Column(String(100), nullable=False)
    synonyms = Column(Text, nullable=False, default="")


class Situation(Base):
    """What someone does now (works in mbo without bevoegdheid, is a teacher already, ...)."""

    __tablename__ = "situations"

    id = Column(String(40), primary_key=True)
    name = Column(String(150), nullable=False)
    synonyms = Column(Text, nullable=False, default="")


# -- qualifications, routes, funding ------------------------------------------------------------


class Qualification(SourcedMixin, Base):
    """A bevoegdheid (or, for an Ad, the lack of one) and what it allows."""

    __tablename__ = "qualifications"

    id = Column(String(40), primary_key=True)
    name = Column(String(200), nullable=False)
    explanation = Column(Text, nullable=False)
    school_types = Column(Text, nullable=False)  # '; '-separated, in display order
    is_teaching_qualification = Column(Boolean, nullable=False, default=True)
    rank = Column(Integer, nullable=False, default=0)  # 0 none ... 3 eerstegraads: breaks ties between routes


class FundingScheme(SourcedMixin, Base):
    """Collegegeld, a subsidy, a grant or a loan that can pay for a route."""

    __tablename__ = "funding_schemes"

    id = Column(String(60), primary_key=True)
    name = Column(String(200), nullable=False)
    summary = Column(Text, nullable=False)
    for_whom = Column(Text, nullable=False)
    amount = Column(Text, nullable=False, default="")
    situations = Column(Text, nullable=False, default="")  # '; '-separated; empty = anyone on the route


class Route(SourcedMixin, Base):
    """A route into teaching and what it leads to."""

    __tablename__ = "routes"

    id = Column(String(60), primary_key=True)
    name = Column(String(200), nullable=False)
    summary = Column(Text, nullable=False)
    qualification_id = Column(ForeignKey("qualifications.id"), nullable=False)
    result = Column(Text, nullable=False)  # what you get: diploma and/or getuigschrift
    duration_months = Column(Integer, nullable=False)
    ec = Column(Integer)  # None where a route has no EC (werkend leren)
    duration_note = Column(Text, nullable=False, default="")  # when and how it can take less (or more) time
    forms = Column(String(100), nullable=False)  # '; '-separated: voltijd, deeltijd, duaal, werkend leren
    needs_job = Column(Boolean, nullable=False, default=False)
    costs = Column(Text, nullable=False)  # what it costs; at a niet-bekostigde instelling costs_unfunded applies
    costs_unfunded = Column(Text, nullable=False, default="")  # '' = costs fits every institution
    where = Column(Text, nullable=False, default="")  # where you follow it when no institution offers it
    priority = Column(Integer, nullable=False, default=50)  # lower = advised first when several fit
    synonyms = Column(Text, nullable=False, default="")  # '; '-separated: what people call it ("pabo", "ulo")

    qualification = relationship("Qualification", lazy="joined")
    entries = relationship("RouteEntry", back_populates="route", cascade="all, delete-orphan", lazy="selectin")
    sectors = relationship("RouteSector", cascade="all, delete-orphan", lazy="selectin")
    situations = relationship("RouteSituation", cascade="all, delete-orphan", lazy="selectin")
    subjects = relationship("RouteSubject", cascade="all, delete-orphan", lazy="selectin")
    steps = relationship("RouteStep", cascade="all, delete-orphan", lazy="selectin", order_by="RouteStep.position")
    funding = relationship("RouteFunding", cascade="all, delete-orphan", lazy="selectin",
                           order_by="RouteFunding.position")
    programmes = relationship("RouteProgramme", cascade="all, delete-orphan", lazy="selectin",
                              order_by="RouteProgramme.position")


class RouteSector(Base):
    __tablename__ = "route_sectors"

    route_id = Column(ForeignKey("routes.id"), primary_key=True)
    sector_id = Column(ForeignKey("sectors.id"), primary_key=True)


class RouteSituation(Base):
    """A route only meant for people in these situations (none listed = open to everyone)."""

    __tablename__ = "route_situations"

    route_id = Column(ForeignKey("routes.id"), primary_key=True)
    situation_id = Column(ForeignKey("situations.id"), primary_key=True)


class RouteSubject(Base):
    """A route only for these subjects (ALO, kunstvakken); none listed = any subject."""

    __tablename__ = "route_subjects"

    route_id = Column(ForeignKey("routes.id"), primary_key=True)
    subject_id = Column(ForeignKey("subjects.id"), primary_key=True)


class RouteEntry(Base):
    """Who may start a route: per prior education, with what that person still has to do."""

    __tablename__ = "route_entries"

    route_id = Column(ForeignKey("routes.id"), primary_key=True)
    education_level_id = Column(ForeignKey("education_levels.id"), primary_key=True)
    requirement = Column(Text, nullable=False, default="")
    min_age = Column(Integer)  # e.g. 21 for the 21+-toets
    offset = Column(Integer, nullable=False, default=0)  # added to the route's priority for this prior education
    confirmed = Column(Boolean, nullable=False, default=True)  # False: no source confirms the requirement

    route = relationship("Route", back_populates="entries")


class RouteStep(Base):
    __tablename__ = "route_steps"

    route_id = Column(ForeignKey("routes.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    title = Column(Text, nullable=False)
    duration_months = Column(Integer, nullable=False, default=0)
    confirmed = Column(Boolean, nullable=False, default=True)  # False: no source gives this step or its months


class RouteFunding(Base):
    __tablename__ = "route_funding"

    route_id = Column(ForeignKey("routes.id"), primary_key=True)
    funding_id = Column(ForeignKey("funding_schemes.id"), primary_key=True)
    position = Column(Integer, nullable=False, default=0)
    confirmed = Column(Boolean, nullable=False, default=True)  # False: unsure the scheme applies to this route

    scheme = relationship("FundingScheme", lazy="joined")


class RouteProgramme(Base):
    """A programme that leads along a route: its offerings are where you can follow the route."""

    __tablename__ = "route_programmes"

    route_id = Column(ForeignKey("routes.id"), primary_key=True)
    programme_id = Column(ForeignKey("programmes.id"), primary_key=True)
    position = Column(Integer, nullable=False, default=0)


class FaqAnswer(SourcedMixin, Base):
    """The answer to a common question, by topic."""

    __tablename__ = "faq_answers"

    id = Column(String(60), primary_key=True)
    question = Column(Text, nullable=False)  # the question as a title ("Wat is zij-instroom?"), also a button
    questions = Column(Text, nullable=False, default="")  # how people ask it, one variant a line
    answer = Column(Text, nullable=False)
    # Rows that give the same core answer for different readers (salary in po, vo, zij-instroom), or the id of the
    # route or funding scheme a row is about when its own id differs: a question that fits them all is answered by
    # the closest one instead of being left unanswered between them.
    family = Column(String(60), nullable=True)


# -- institutions --------------------------------------------------------------------------------


class Programme(SourcedMixin, Base):
    """An exact programme: a CROHO registration, or a variant or discipline within one.

    ``subjects`` names the discipline(s) when the programme is for some subjects only (Docent
    Muziek); ``sectors`` the sectors it leads to when a route spans several (pabo: po).
    """

    __tablename__ = "programmes"

    id = Column(String(60), primary_key=True)
    name = Column(String(200), nullable=False)
    croho = Column(Text, nullable=False, default="")  # '; '-separated CROHO codes; '' for a traject without one
    sectors = Column(String(40), nullable=False, default="")  # '; '-separated; '' = any sector of the route
    subjects = Column(Text, nullable=False, default="")  # '; '-separated; '' = any subject


class Institution(SourcedMixin, Base):
    __tablename__ = "institutions"

    id = Column(String(60), primary_key=True)
    name = Column(String(200), nullable=False)
    type = Column(String(10), nullable=False)  # hbo | wo
    funded = Column(Boolean, nullable=False, default=True)  # bekostigd
    website = Column(String(300), nullable=False)

    offerings = relationship("Offering", cascade="all, delete-orphan", lazy="selectin")


class Offering(SourcedMixin, Base):
    """An institution offers one exact programme in a city, in some study forms, funded or not.

    Source, peildatum and confirmed are the institution's unless the data file gives the
    offering its own (a programme named on the institution's own page, a location nobody confirms).
    """

    __tablename__ = "offerings"

    id = Column(Integer, primary_key=True, autoincrement=True)
    institution_id = Column(ForeignKey("institutions.id"), nullable=False, index=True)
    programme_id = Column(ForeignKey("programmes.id"), nullable=False, index=True)
    city = Column(String(100), nullable=False)
    municipality_code = Column(ForeignKey("municipalities.code"))
    croho = Column(String(10))  # the registration at this institution, when the source names it
    forms = Column(String(100), nullable=False, default="")  # '; '-separated; '' = the source names no form
    subjects = Column(Text, nullable=False, default="")  # only these subjects here; '' = the programme's
    funded = Column(Boolean, nullable=False, default=True)  # bekostigd: wettelijk collegegeld applies

    institution = relationship("Institution", lazy="joined", viewonly=True)


# -- geography and desks ------------------------------------------------------------------------


class Municipality(Base):
    """A gemeente, by its CBS code."""

    __tablename__ = "municipalities"

    code = Column(String(6), primary_key=True)  # GM0193
    name = Column(String(100), nullable=False, index=True)
    province = Column(String(40), nullable=False)


class Place(Base):
    """A name people use for where they live (woonplaats or alias) and its gemeente."""

    __tablename__ = "places"

    id = Column(Integer, primary_key=True, autoincrement=True)
    name = Column(String(100), nullable=False, index=True)
    municipality_code = Column(ForeignKey("municipalities.code"), nullable=False)
    origin = Column(String(10), nullable=False, default="baseline")  # baseline (data files) | import


class Postcode(Base):
    """A 4-digit postcode area and the gemeente(n) it lies in (filled by ``import-regions``)."""

    __tablename__ = "postcodes"

    pc4 = Column(String(4), primary_key=True)
    municipality_code = Column(ForeignKey("municipalities.code"), primary_key=True)
    share = Column(Float, nullable=False, default=1.0)  # share of the area's addresses
    is_primary = Column(Boolean, nullable=False, default=True)


class Desk(SourcedMixin, Base):
    """A regional desk (regioloket) or the national Onderwijsloket."""

    __tablename__ = "desks"

    id = Column(String(80), primary_key=True)
    name = Column(String(200), nullable=False)
    website = Column(String(300), nullable=False)
    email = Column(String(200))
    phone = Column(String(40))
    consult_url = Column(String(300))  # where to book an advice conversation, if any
    sectors = Column(String(40), nullable=False, default="")  # '; '-separated
    scope = Column(String(20), nullable=False, default="regionaal")  # regionaal | landelijk | netwerk
    is_national = Column(Boolean, nullable=False, default=False)


class DeskCoverage(Base):
    """A desk serves a municipality for one sector ("core"), or may do so ("candidate")."""

    __tablename__ = "desk_coverage"

    desk_id = Column(ForeignKey("desks.id"), primary_key=True)
    municipality_code = Column(ForeignKey("municipalities.code"), primary_key=True)
    sector_id = Column(ForeignKey("sectors.id"), primary_key=True)
    status = Column(String(12), nullable=False, default="core")

    desk = relationship("Desk", lazy="joined")


class StoreInfo(Base):
    """Key/value facts about the loaded data itself (load time, data version)."""

    __tablename__ = "store_info"

    key = Column(String(60), primary_key=True)
    value = Column(Text, nullable=False)
