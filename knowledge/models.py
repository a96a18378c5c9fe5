"""SQLAlchemy models of the knowledge store (SQLAlchemy 1.4, 2.0-style API).

Every fact table carries ``source`` (URL or document) and ``peildatum`` (the date
the fact was known to be true), and ``confirmed`` for facts the sources could not
confirm: the bot words those carefully.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class SourcedMixin:
    """Provenance columns shared by every fact table."""

    source = Column(String(500), nullable=False)
    peildatum = Column(Date, nullable=False)
    confirmed = Column(Boolean, nullable=False, default=True)


class Qualification(SourcedMixin, Base):
    """A bevoegdheid (or, for an Ad, the lack of one) and what it allows."""

    __tablename__ = "qualifications"

    id = Column(String(40), primary_key=True)
    name = Column(String(200), nullable=False)
    explanation = Column(Text, nullable=False)
    school_types = Column(Text, nullable=False)  # '; '-separated, in display order


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


class Route(SourcedMixin, Base):
    """A route into teaching and what it leads to."""

    __tablename__ = "routes"

    id = Column(String(60), primary_key=True)
    name = Column(String(200), nullable=False)
    summary = Column(Text, nullable=False)
    qualification_id = Column(ForeignKey("qualifications.id"), nullable=False)
    duration_months = Column(Integer, nullable=False)
    ec = Column(Integer)  # None where a route has no EC (werkend leren)
    study_form = Column(String(40), nullable=False)
    costs = Column(Text, nullable=False)
    priority = Column(Integer, nullable=False, default=50)  # lower = advised first

    qualification = relationship("Qualification", lazy="joined")
    entries = relationship("RouteEntry", back_populates="route", cascade="all, delete-orphan")


class RouteEntry(Base):
    """Who may take a route: one row per (sector, prior education), with what is still needed."""

    __tablename__ = "route_entries"

    route_id = Column(ForeignKey("routes.id"), primary_key=True)
    sector_id = Column(ForeignKey("sectors.id"), primary_key=True)
    education_level_id = Column(ForeignKey("education_levels.id"), primary_key=True)
    requirement = Column(Text, nullable=False, default="")

    route = relationship("Route", back_populates="entries")


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

    municipality = relationship("Municipality", lazy="joined")


class Postcode(Base):
    """A 4-digit postcode area and the gemeente(n) it lies in (filled by ``import-regions``)."""

    __tablename__ = "postcodes"

    pc4 = Column(String(4), primary_key=True)
    municipality_code = Column(ForeignKey("municipalities.code"), primary_key=True)
    share = Column(Integer, nullable=False, default=100)  # percent of the area's addresses
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
    is_national = Column(Boolean, nullable=False, default=False)


class DeskCoverage(Base):
    """A desk serves a municipality for one sector."""

    __tablename__ = "desk_coverage"

    desk_id = Column(ForeignKey("desks.id"), primary_key=True)
    municipality_code = Column(ForeignKey("municipalities.code"), primary_key=True)
    sector_id = Column(ForeignKey("sectors.id"), primary_key=True)

    desk = relationship("Desk", lazy="joined")


class StoreInfo(Base):
    """Key/value facts about the loaded data itself (load time, data version)."""

    __tablename__ = "store_info"

    key = Column(String(60), primary_key=True)
    value = Column(Text, nullable=False)

